// The evidence the demo-plan tests build a plan year from: a rated review and a year of results in reading and math.
import type { ResultEvidence, ReviewEvidence } from './outcomes';

export const review: ReviewEvidence = {
  reviewId: 'r',
  reviewTitle: 'Spring review',
  frameworkId: 'f',
  levels: [1, 2, 3, 4].map((value) => ({ value, label: `L${value}` })),
  indicators: ['a', 'b', 'c', 'd', 'e'].map((key) => ({ key, name: key.toUpperCase(), domainName: 'D', equity: key === 'b' })),
  ratedLevels: { a: 1, b: 2, c: 2, d: 3, e: 1 },
  focusIndicators: [],
};

export const results: ResultEvidence = {
  year: '2025-26',
  rows: [
    { subject: 'ela', grade: 'all', group: 'all', groupLabel: 'All students', tested: 300, pctMetOrAbove: 40 },
    { subject: 'ela', grade: 'all', group: 'el', groupLabel: 'English learners', tested: 80, pctMetOrAbove: 20 },
    { subject: 'math', grade: 'all', group: 'all', groupLabel: 'All students', tested: 300, pctMetOrAbove: 30 },
    { subject: 'math', grade: 'all', group: 'hispanic', groupLabel: 'Hispanic or Latino', tested: 120, pctMetOrAbove: 18 },
  ],
};
