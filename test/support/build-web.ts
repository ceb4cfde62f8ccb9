// Vitest global setup: builds the web app once when dist/web is missing or older than its sources.
import { buildWebIfStale } from '../../scripts/build-web.js';

export default function setup() {
  buildWebIfStale();
}
