/** Whether dist/web is missing or older than the sources it is built from. */
export function webBuildIsStale(): boolean;
/** Builds the web app when it is stale; answers whether it built. */
export function buildWebIfStale(): boolean;
