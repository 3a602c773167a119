// What notebooks use to show results inline: build a bundle, then `await show(...)` it.
export { type DisplayBundle } from './bundle';
export { show, liveOutput, isInsideTslab, type LiveOutput } from './jupyter';
export { lineChart, barChart, type ChartOptions, type LineChartOptions, type BarChartOptions } from './charts';
export { confusionMatrixChart } from './confusion-matrix';
export { histogramChart, type HistogramOptions } from './histogram';
export { liveLineChart, type LiveLineChart, type LiveLineChartOptions } from './live-chart';
export { imageGrid, labelCaptions, type ImageRow, type ImageGridOptions } from './image-grid';
export { trainingProgress, type TrainingProgress, type TrainingProgressOptions } from './progress';
export { formatProgress, type ProgressState } from './progress-format';
export { table, type FrameLike, type TableOptions } from './table';
