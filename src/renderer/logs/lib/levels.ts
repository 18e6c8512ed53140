/** Log levels the view can filter on; 0 = none detected. */
export const LEVEL = { none: 0, error: 1, warn: 2, info: 3, debug: 4 } as const;
export type LevelCode = (typeof LEVEL)[keyof typeof LEVEL];
export const levelNames = ['other', 'error', 'warn', 'info', 'debug'] as const;
export type LevelName = (typeof levelNames)[number];

const WORDS: Record<string, LevelCode> = {
  emerg: 1, emergency: 1, alert: 1, crit: 1, critical: 1, fatal: 1, panic: 1, err: 1, error: 1, eror: 1, ftl: 1, crt: 1, erro: 1,
  warn: 2, warning: 2, wrn: 2,
  notice: 3, info: 3, inf: 3, information: 3,
  debug: 4, dbg: 4, trace: 4, trc: 4, verbose: 4,
};

// [INF] (btcd, lnd), level=info / lvl=warn (logfmt), "level":"error" (JSON), daemon.err (busybox
// syslog), <3> (kernel/journal priorities), and a bare upper-case word (ERROR, WARN; lxc.log)
const PATTERNS: RegExp[] = [
  /\[(ERR|ERROR|WRN|WARN|WARNING|INF|INFO|DBG|DEBUG|TRC|TRACE|CRT|CRIT|FTL|FATAL)\]/,
  /\b(?:level|lvl|severity)\s*[=:]\s*"?([A-Za-z]+)/i,
  /"(?:level|lvl|severity)"\s*:\s*"([A-Za-z]+)"/i,
  /\b(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\.(emerg|alert|crit|err|warn|warning|notice|info|debug)\b/,
  /\b(EMERG|ALERT|CRIT|CRITICAL|FATAL|PANIC|ERROR|ERR|WARN|WARNING|NOTICE|INFO|DEBUG|TRACE)\b/,
];

/** The level a log line states, where its format says one (looks at the first 300 characters). */
export function detectLevel(line: string): LevelCode {
  const head = line.length > 300 ? line.slice(0, 300) : line;
  for (const pattern of PATTERNS) {
    const m = pattern.exec(head);
    const word = m?.[1]?.toLowerCase();
    if (word !== undefined) {
      const code = WORDS[word];
      if (code !== undefined) return code;
    }
  }
  const prio = /^<([0-7])>/.exec(head);
  if (prio?.[1] !== undefined) {
    const p = Number(prio[1]);
    return p <= 3 ? LEVEL.error : p === 4 ? LEVEL.warn : p <= 6 ? LEVEL.info : LEVEL.debug;
  }
  return LEVEL.none;
}
