// Streams the children of an XML document's root as small element trees, so big files stay cheap.
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { ImportError } from './issues';
import { NotUtf8, StrictUtf8Decoder } from './utf8';

export interface XmlElement {
  /** Local name (any prefix dropped). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** No text of an element read comes near this: an id or a name this long is a damaged file, not data. */
export const MAX_TEXT_CHARS = 10_000;

export interface XmlReadOptions {
  /** Checks the root element's local name; a message refuses the file. */
  root?: (name: string) => string | null;
}

/**
 * Yields every element directly under the root whose name is in `wanted`, fully built; all other
 * subtrees are skipped without being kept. Malformed XML fails with the file, line and column; bytes that
 * are not UTF-8 and text too long for any element fail with the line.
 */
export async function* readXmlElements(stream: Readable, file: string, wanted: ReadonlySet<string>, options: XmlReadOptions = {}): AsyncGenerator<XmlElement> {
  const parser = new SaxesParser({ position: true });
  const ready: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let depth = 0;
  let rootName: string | null = null;
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) {
      rootName = tag.name;
      const refused = options.root?.(localName(tag.name));
      if (refused) throw new ImportError([{ file, line: parser.line, message: refused }]);
    }
    const building = stack.length > 0;
    if (building || (depth === 2 && wanted.has(localName(tag.name)))) {
      const element: XmlElement = {
        name: localName(tag.name),
        attributes: tag.attributes as Record<string, string>,
        children: [],
        text: '',
        line: parser.line,
      };
      stack.at(-1)?.children.push(element);
      stack.push(element);
    }
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (!top) return;
    top.text += text;
    if (top.text.length > MAX_TEXT_CHARS) {
      throw new ImportError([
        {
          file,
          line: top.line,
          column: top.name,
          message: `<${top.name}> holds more than ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters; no element read here may hold more`,
        },
      ]);
    }
  });
  parser.on('closetag', () => {
    depth--;
    if (stack.length === 0) return;
    const element = stack.pop()!;
    element.text = element.text.trim();
    if (stack.length === 0) ready.push(element);
  });

  const fail = (error: unknown): never => {
    if (error instanceof ImportError) throw error;
    const message = (error as Error).message.replace(/^[^:]*:\d+:\d+: /, '');
    throw new ImportError([{ file, line: parser.line, column: String(parser.column + 1), message: `the XML is not well formed: ${message}` }]);
  };
  // Decoded here rather than by the stream, which would turn bytes that are not UTF-8 into U+FFFD.
  const decoder = new StrictUtf8Decoder();
  const decode = (read: () => string): string => {
    try {
      return read();
    } catch (error) {
      if (error instanceof NotUtf8) throw new ImportError([{ file, line: parser.line + error.linesBefore, message: error.reason }]);
      throw error;
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const text = typeof chunk === 'string' ? chunk : decode(() => decoder.write(chunk));
      try {
        parser.write(text);
      } catch (error) {
        fail(error);
      }
      while (ready.length) yield ready.shift()!;
    }
    try {
      const rest = decode(() => decoder.end());
      if (rest) parser.write(rest);
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
