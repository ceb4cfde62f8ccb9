// Frameworks (rubrics) as data: domains of indicators on an ordered level scale, with a descriptor for each level.
export interface FrameworkLevel {
  value: number;
  label: string;
  description?: string;
}
export interface FrameworkDimension {
  key: string;
  label: string;
  description: string;
}
export interface IndicatorLevel {
  level: number;
  descriptor: string;
}
export interface Indicator {
  key: string;
  name: string;
  kind: 'system' | 'practice';
  tags: string[];
  levels: IndicatorLevel[];
}
export interface FrameworkDomain {
  key: string;
  name: string;
  description?: string;
  indicators: Indicator[];
}
export interface Framework {
  key: string;
  name: string;
  version: number;
  kind: 'school' | 'district';
  description: string;
  levels: FrameworkLevel[];
  dimensions?: FrameworkDimension[];
  domains: FrameworkDomain[];
}
export type FrameworkFormat = 'yaml' | 'json';
export interface FrameworkIssue {
  path: string;
  message: string;
}

export function allIndicators(framework: Framework): (Indicator & { domainKey: string; domainName: string })[] {
  return framework.domains.flatMap((d) => d.indicators.map((i) => ({ ...i, domainKey: d.key, domainName: d.name })));
}

export function levelLabel(framework: Framework, value: number | null): string {
  if (value === null) return 'Not rated';
  const level = framework.levels.find((l) => l.value === value);
  return level ? `${level.value} ${level.label}` : String(value);
}
