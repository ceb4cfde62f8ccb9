// Grade spans as educators write them: K for kindergarten, then 1-12.
export function gradeLabel(grade: number): string {
  return grade === 0 ? 'K' : String(grade);
}

export function gradeSpan(low: number, high: number): string {
  return low === high ? gradeLabel(low) : `${gradeLabel(low)}–${gradeLabel(high)}`;
}

/** A school year written the usual way: 2025 → "2025-26". */
export function schoolYear(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The partnership years as "2023-24 to 2027-28". */
export function yearRange(startYear: number, endYear: number): string {
  return startYear === endYear ? schoolYear(startYear) : `${schoolYear(startYear)} to ${schoolYear(endYear)}`;
}
