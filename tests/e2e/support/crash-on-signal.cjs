// Test-only preload (NODE_OPTIONS=--require …): on SIGUSR2 the process throws
// from a timer — an exception nothing catches, as a library callback would;
// on SIGHUP a promise is rejected with no handler.
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('simulated crash (test preload)');
  });
});
process.on('SIGHUP', () => {
  void Promise.reject(new Error('simulated rejection (test preload)'));
});
