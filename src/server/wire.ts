// What JSON makes of an API answer on the way to its reader: dates arrive as ISO strings, the rest as it is.
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** What the web app reads of an answer declared by a response schema. */
export type Answer<S extends import('zod').ZodType> = Wire<import('zod').output<S>>;
