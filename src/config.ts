// The environment variables Trellis reads, each with its default and what it accepts, checked once when a command starts.
import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError } from './domain/errors';

/** One environment variable: what it takes, its default as the README shows it, and what it means there. */
export interface Variable<T = unknown> {
  /** The value's schema, for a value that is set (an empty value counts as unset). */
  schema: z.ZodType<T, string>;
  /** What happens when it is unset: a value, or undefined when nothing is used. */
  default: T | undefined;
  /** The default as the README's table writes it, when `documentedDefault` would not say it that way. */
  shown?: string;
  /** Completes "NAME must be …": the values it accepts, in words. */
  accepts: string;
  description: string;
}

const variable = <T>(v: Variable<T>) => v;

/** A whole number from `min` to `max`, written in digits. */
const whole = (min: number, max: number) => z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

// A flag reads the usual ways of saying on and off.
const ON = ['1', 'true', 'on', 'yes'];
const OFF = ['0', 'false', 'off', 'no'];
const flag = z
  .string()
  .transform((v) => v.toLowerCase())
  .refine((v) => ON.includes(v) || OFF.includes(v))
  .transform((v) => ON.includes(v));

const isAddressOrRange = (a: string) => {
  const [address, bits, more] = a.split('/');
  if (more !== undefined || !address || !isIP(address)) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128));
};

/**
 * $TRELLIS_TRUST_PROXY as Fastify takes it: unset or `false` believes no proxy; `true` every one (only behind a proxy
 * that sets the header itself); a number, that many hops; otherwise addresses or CIDR ranges, separated by commas.
 */
export function trustProxyFrom(value: string | undefined): boolean | number | string[] {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

const httpAddress = (v: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

export const VARIABLES = {
  PORT: variable({
    schema: whole(0, 65535),
    default: 3000,
    accepts: 'a port number from 0 to 65535 (0 lets the system choose a free one)',
    description: 'port to listen on',
  }),
  HOST: variable({
    schema: z.string().regex(/^\S+$/),
    default: '127.0.0.1',
    accepts: 'an address to listen on, like 127.0.0.1 or 0.0.0.0, without spaces',
    description: 'address to listen on',
  }),
  DATABASE_URL: variable({
    schema: z.string().refine((v) => !/^postgres(ql)?:/i.test(v) || (/^postgres(ql)?:\/\//.test(v) && URL.canParse(v))),
    default: undefined,
    accepts: 'a PostgreSQL address like postgres://user@host:5432/db, or a data directory for the embedded database',
    description: 'PostgreSQL server to use instead of the embedded database',
  }),
  TRELLIS_DATA_DIR: variable({ schema: z.string(), default: './data', accepts: 'a folder', description: 'where the embedded database keeps its files' }),
  TRELLIS_DEMO: variable({ schema: flag, default: true, accepts: '1 (on) or 0 (off)', description: 'whether an empty database gets the demo network' }),
  TRELLIS_SESSION_IDLE_MINUTES: variable({
    schema: whole(1, 10080),
    default: 120,
    accepts: 'a whole number of minutes from 1 to 10080 (a week)',
    description: 'a session not used for this long ends',
  }),
  TRELLIS_SESSION_HOURS: variable({
    schema: whole(1, 720),
    default: 12,
    accepts: 'a whole number of hours from 1 to 720',
    description: 'a session ends this long after sign-in, used or not',
  }),
  TRELLIS_URL: variable({
    schema: z.string().refine(httpAddress),
    default: 'http://localhost:3000',
    accepts: 'an address starting with http:// or https://, like https://trellis.example.org',
    description: "the app's address, used in set-password links printed by the CLI",
  }),
  TRELLIS_LOG: variable({ schema: flag, default: false, accepts: '1 (on) or 0 (off)', description: 'whether each request is logged' }),
  TRELLIS_TRUST_PROXY: variable({
    schema: z
      .string()
      .refine((v) => ['true', 'false'].includes(v) || /^\d+$/.test(v) || v.split(',').every((a) => isAddressOrRange(a.trim())))
      .transform(trustProxyFrom),
    default: false,
    shown: '(none)',
    accepts: 'true, a number of hops, or addresses and CIDR ranges separated by commas (like 127.0.0.1,10.0.0.0/8)',
    description: "which proxies to believe about the client's address and protocol",
  }),
  TRELLIS_TOKEN: variable({
    schema: z.string(),
    default: undefined,
    accepts: 'a command-line token',
    description: 'the command-line token `--server` commands send',
  }),
  TRELLIS_PDF_RENDERS: variable({
    schema: whole(1, 32),
    default: 2,
    accepts: 'a whole number of reports from 1 to 32',
    description: 'PDF reports rendered at once',
  }),
  TRELLIS_CHROMIUM: variable({
    schema: z.string(),
    default: '/usr/bin/chromium',
    accepts: 'the path of a Chromium program',
    description: 'the Chromium that renders PDF reports',
  }),
  // Read by bin/trellis.js itself, before any TypeScript loads; listed so it is documented and checked.
  TRELLIS_TSX: variable({
    schema: z.enum(['0', '1']).transform((v) => v === '1'),
    default: false,
    accepts: '1 (on) or 0 (off)',
    description: 'run the command through tsx instead of its bundle',
  }),
};

/** The default as the README's table writes it: `3000`, on or off for a flag, (none) when nothing is used. */
export function documentedDefault(v: Variable): string {
  if (v.shown) return v.shown;
  if (v.default === undefined) return '(none)';
  if (typeof v.default === 'boolean') return v.default ? 'on' : 'off';
  return `\`${String(v.default)}\``;
}

export type VariableName = keyof typeof VARIABLES;
type ValueOf<V> = V extends Variable<infer T> ? (V['default'] extends undefined ? T | undefined : T) : never;
export type Config = { readonly [K in VariableName]: ValueOf<(typeof VARIABLES)[K]> };

const unsetWhenEmpty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

/** The schema of the whole environment Trellis reads; other variables pass by unread. */
export const configSchema = z.object(
  Object.fromEntries(
    Object.entries(VARIABLES).map(([name, v]) => [
      name,
      z
        .preprocess(unsetWhenEmpty, (v.schema as z.ZodType).optional())
        .transform((x) => x ?? v.default)
        .describe(v.description),
    ]),
  ) as unknown as { [K in VariableName]: z.ZodType<Config[K]> },
);

/** The settings from an environment; a bad value is refused with a sentence for each, naming the variable and what it accepts. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data as Config;
  const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0]) as VariableName))];
  const sentences = names.map((name) => `${name} must be ${VARIABLES[name].accepts}; it is ${JSON.stringify(env[name])}.`);
  throw new AppError('invalid_input', sentences.join(' '));
}

let loaded: Config | undefined;

/** The settings of this process, read from its environment on first use and kept. */
export function config(): Config {
  return (loaded ??= loadConfig());
}

/** Forgets the kept settings, so the next `config()` reads the environment again (for tests that change it). */
export function resetConfig(): void {
  loaded = undefined;
}
