// Imported before TensorFlow loads: libtensorflow and libjpeg log decode errors to stderr, and the command already
// reports each one on the file's own line.
if (process.env.TF_CPP_MIN_LOG_LEVEL === undefined) process.env.TF_CPP_MIN_LOG_LEVEL = '3';
