/**
 * A logger per module: `const log = createLogger('phone')`.
 *
 * Lines go to stderr as `LEVEL name: message` so a host can capture them;
 * `HOTSEAT_LOG=debug` shows debug lines, `HOTSEAT_LOG=silent` hides info.
 */

export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = keyof typeof levels;

function threshold(): number {
  const wanted = process.env.HOTSEAT_LOG as Level | undefined;
  return wanted && wanted in levels ? levels[wanted] : levels.info;
}

export function createLogger(name: string): Logger {
  const write = (level: Exclude<Level, 'silent'>, message: string, details: unknown[]) => {
    if (levels[level] < threshold()) return;
    const tail = details.length ? ' ' + details.map(formatDetail).join(' ') : '';
    process.stderr.write(`${level.toUpperCase()} ${name}: ${message}${tail}\n`);
  };
  return {
    debug: (m, ...d) => write('debug', m, d),
    info: (m, ...d) => write('info', m, d),
    warn: (m, ...d) => write('warn', m, d),
    error: (m, ...d) => write('error', m, d),
  };
}

function formatDetail(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? detail.message;
  if (typeof detail === 'string') return detail;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}
