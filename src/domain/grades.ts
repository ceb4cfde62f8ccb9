// Grade spans as educators write them: K for kindergarten, then 1-12.
export function gradeLabel(grade: number): string {
  return grade === 0 ? 'K' : String(grade);
}

export function gradeSpan(low: number, high: number): string {
  return low === high ? gradeLabel(low) : `${gradeLabel(low)}–${gradeLabel(high)}`;
}
