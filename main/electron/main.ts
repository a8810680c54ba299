/**
 * Electron entry point (bundled to out/electron/main.cjs): the seat app with
 * the real core. Everything it does is in seat-app.ts.
 */
import { startSeatApp } from './seat-app.js';

startSeatApp();
