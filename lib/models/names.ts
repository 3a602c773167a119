// The model designs and losses by name, declared once and free of TensorFlow: the configuration checks them
// before anything heavy loads, and the model builders take the same names.

export const CLASSIFIER_ARCHITECTURES = ['mlp', 'cnn'] as const;
export type ClassifierArchitecture = (typeof CLASSIFIER_ARCHITECTURES)[number];

export const AUTOENCODER_ARCHITECTURES = ['dense', 'unet', 'tutorial', 'pooling', 'residual-unet'] as const;
export type AutoencoderArchitecture = (typeof AUTOENCODER_ARCHITECTURES)[number];
/** Earlier names still accepted, so settings and run folders written before a rename still read. */
export const AUTOENCODER_ARCHITECTURE_ALIASES: Readonly<Record<string, AutoencoderArchitecture>> = { conv: 'unet' };

export const RECONSTRUCTION_LOSSES = ['binaryCrossentropy', 'meanSquaredError'] as const;
export type ReconstructionLoss = (typeof RECONSTRUCTION_LOSSES)[number];
