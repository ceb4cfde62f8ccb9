// The levels of one indicator as large cards side by side, one radio group: arrow keys or number keys pick a level.
import { Text } from '@mantine/core';
import { useRef } from 'react';
import type { FrameworkLevel, IndicatorLevel } from '../../../src/domain/framework';

interface Props {
  name: string;
  legend: string;
  levels: readonly FrameworkLevel[];
  descriptors: readonly IndicatorLevel[];
  value: number | null;
  onChange: (level: number) => void;
  disabled?: boolean;
  /** A level to point out (the consensus suggestion), marked in words as well as by its border. */
  suggested?: number | null;
}

export function LevelCards({ name, legend, levels, descriptors, value, onChange, disabled = false, suggested = null }: Props) {
  const group = useRef<HTMLFieldSetElement>(null);

  // Number keys choose a level directly, which is quicker for a team rating together at one screen.
  function onKeyDown(event: React.KeyboardEvent) {
    if (disabled || event.altKey || event.ctrlKey || event.metaKey || !/^[0-9]$/.test(event.key)) return;
    const level = levels.find((l) => l.value === Number(event.key));
    if (!level) return;
    event.preventDefault();
    onChange(level.value);
    group.current?.querySelector<HTMLInputElement>(`input[value="${level.value}"]`)?.focus();
  }

  return (
    <fieldset ref={group} className="level-cards" onKeyDown={onKeyDown} disabled={disabled}>
      <legend className="visually-hidden">{legend}</legend>
      <div className="level-card-row" style={{ gridTemplateColumns: `repeat(${levels.length}, minmax(0, 1fr))` }}>
        {levels.map((l) => {
          const checked = value === l.value;
          const descriptor = descriptors.find((d) => d.level === l.value)?.descriptor ?? '';
          return (
            <label key={l.value} className="level-card" data-checked={checked || undefined} data-suggested={suggested === l.value || undefined}>
              <input
                type="radio"
                className="visually-hidden"
                name={name}
                value={l.value}
                checked={checked}
                onChange={() => onChange(l.value)}
                aria-describedby={`${name}-d${l.value}`}
              />
              <span className="level-card-head">
                <span className="level-card-number" aria-hidden>
                  {l.value}
                </span>
                <span className="level-card-label">{l.label}</span>
              </span>
              <Text component="span" size="sm" id={`${name}-d${l.value}`} className="level-card-descriptor">
                {descriptor}
              </Text>
              {(checked || suggested === l.value) && (
                <span className="level-card-flags">
                  {checked && <span className="level-card-chosen">✓ Chosen</span>}
                  {suggested === l.value && <span className="level-card-suggested">Suggested</span>}
                </span>
              )}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
