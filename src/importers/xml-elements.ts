// Streams the children of an XML document's root as small element trees, so big files stay cheap.
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { ImportError } from './issues';

export interface XmlElement {
  /** Local name (any prefix dropped). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Yields every element directly under the root whose name is in `wanted`, fully built; all other
 * subtrees are skipped without being kept. Malformed XML fails with the file, line and column.
 */
export async function* readXmlElements(stream: Readable, file: string, wanted: ReadonlySet<string>): AsyncGenerator<XmlElement> {
  const parser = new SaxesParser({ position: true });
  const ready: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let depth = 0;
  let rootName: string | null = null;
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) rootName = tag.name;
    const building = stack.length > 0;
    if (building || (depth === 2 && wanted.has(localName(tag.name)))) {
      const element: XmlElement = { name: localName(tag.name), attributes: tag.attributes as Record<string, string>, children: [], text: '', line: parser.line };
      stack.at(-1)?.children.push(element);
      stack.push(element);
    }
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    depth--;
    if (stack.length === 0) return;
    const element = stack.pop()!;
    element.text = element.text.trim();
    if (stack.length === 0) ready.push(element);
  });

  const fail = (error: unknown): never => {
    const message = (error as Error).message.replace(/^[^:]*:\d+:\d+: /, '');
    throw new ImportError([{ file, line: parser.line, column: String(parser.column + 1), message: `the XML is not well formed: ${message}` }]);
  };
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      try {
        parser.write(chunk);
      } catch (error) {
        fail(error);
      }
      while (ready.length) yield ready.shift()!;
    }
    try {
      parser.close();
    } catch (error) {
      fail(error);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new ImportError([{ file, line: 0, message: code === 'ENOENT' ? 'the file does not exist' : `the file could not be read (${code})` }]);
    throw error;
  } finally {
    if (!stream.destroyed) stream.destroy();
  }
  while (ready.length) yield ready.shift()!;
  if (rootName === null) throw new ImportError([{ file, line: 1, message: 'the file has no XML root element' }]);
}

export function child(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) current = current?.children.find((c) => c.name === name);
  return current;
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** Text at a path, or undefined when absent or empty. */
export function textAt(element: XmlElement | undefined, ...path: string[]): string | undefined {
  const t = child(element, ...path)?.text;
  return t === undefined || t === '' ? undefined : t;
}
