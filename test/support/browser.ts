// Browser tests: the real server on a fresh demo database, and Debian's Chromium driven by playwright-core.
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { demoSignIns, DEMO_PASSWORD, loadDemoIfEmpty } from '../../src/cli/demo';
import type { TrellisDatabase } from '../../src/db/database';
import type { Role } from '../../src/db/schema';
import type { DemoNetwork } from '../../src/domain/demo';
import { config } from '../../src/config';
import { CHROMIUM_ARGS } from '../../src/reports/pdf';
import { buildApp } from '../../src/server/app';
import { temporaryPGlite } from './databases';

export { DEMO_PASSWORD };

export const CHROMIUM = config().TRELLIS_CHROMIUM;
export { CHROMIUM_ARGS };

export interface DemoServer {
  url: string;
  database: TrellisDatabase;
  network: DemoNetwork;
  /** The demo sign-in for a role, as printed when the demo server starts (or the first person holding it). */
  emailOf(role: Role): string;
  close(): Promise<void>;
}

/** The real app (API and built web app) on a fresh PGlite holding the demo network. */
export async function startDemoServer(): Promise<DemoServer> {
  const database = await temporaryPGlite();
  const network = await loadDemoIfEmpty(database);
  if (!network) throw new Error('The new database was not empty.');
  // Tests sign in many times from one address; the production limit would throttle them.
  const app = await buildApp({ database, webDir: resolve(import.meta.dirname, '../../dist/web'), signInLimit: 10_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const signIns = demoSignIns(network);
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    network,
    emailOf(role) {
      const printed = signIns.find((s) => s.role === role)?.email;
      // Some roles are only held by people with a second role (a principal also sits on the ILT).
      const key = network.memberships.find((m) => m.role === role)?.personKey;
      const email = printed ?? network.people.find((p) => p.key === key)?.email;
      if (!email) throw new Error(`The demo has no one with the role ${role}.`);
      return email;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A demo server and a Chromium for the tests of one file: started before them, closed after them. Read
 * `demo.server` and `demo.browser` inside tests and hooks (they are set once the file's setup has run).
 */
export function useDemoServerAndBrowser(): { server: DemoServer; browser: Browser } {
  const demo = {} as { server: DemoServer; browser: Browser };
  beforeAll(async () => {
    [demo.server, demo.browser] = await Promise.all([startDemoServer(), launchChromium()]);
  });
  afterAll(async () => {
    await demo.browser?.close();
    await demo.server?.close();
  });
  return demo;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What a page did, kept so that a failed step can say what the page showed and asked for. */
const pageLogs = new WeakMap<Page, string[]>();

/** A fresh context (no cookies) at a desktop size, its page failing the test on any uncaught browser error. */
export async function freshPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const log: string[] = [];
  const started = Date.now();
  const note = (line: string) => {
    log.push(`${Date.now() - started} ms ${line}`);
    if (log.length > 60) log.shift();
  };
  pageLogs.set(page, log);
  page.on('pageerror', (e) => {
    errors.push(e.message);
    note(`page error: ${e.message}`);
  });
  page.on('console', (m) => note(`console ${m.type()}: ${m.text()}`));
  page.on('requestfailed', (r) => note(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => note(`${r.status()} ${r.request().method()} ${r.url()}`));
  return { context, page, errors };
}

/** Runs a browser step; when it fails, the error also tells what the page showed and its last requests. */
export async function step<T>(page: Page, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const text = await page
      .locator('body')
      .innerText({ timeout: 2_000 })
      .catch(() => '(no body)');
    const log = pageLogs.get(page) ?? [];
    (error as Error).message += `\n--- page ${page.url()} showed:\n${text.slice(0, 1_500)}\n--- last events:\n${log.join('\n')}`;
    throw error;
  }
}

/** Signs in through the sign-in form, as a person would, and waits for the signed-in header. */
export async function signIn(page: Page, url: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await step(page, async () => {
    await page.goto(url);
    await page.getByRole('textbox', { name: 'Email' }).fill(email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });
}
