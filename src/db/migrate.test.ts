import { describe, expect, it } from 'vitest';
import { statements } from './migrate';

describe('statements of a migration', () => {
  it('ends a statement at a line ending in a semicolon', () => {
    expect(statements('create table a (id int);\ncreate index a_idx\n  on a (id);\n')).toEqual(['create table a (id int)', 'create index a_idx\n  on a (id)']);
  });

  it('keeps a dollar-quoted function body whole, whatever its tag', () => {
    const source = [
      'create function f() returns trigger language plpgsql as $$',
      'begin',
      '  perform 1;',
      '  return null;',
      'end $$;',
      'create function g() returns text language sql as $body$',
      "  select 'a;';",
      '$body$;',
      'select 1;',
    ].join('\n');
    const parts = statements(source);
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatch(/^create function f\(\)[\s\S]*return null;\nend \$\$$/);
    expect(parts[1]).toBe("create function g() returns text language sql as $body$\n  select 'a;';\n$body$");
    expect(parts[2]).toBe('select 1');
  });

  it('keeps a last statement without a semicolon', () => {
    expect(statements('select 1;\nselect 2')).toEqual(['select 1', 'select 2']);
  });
});
