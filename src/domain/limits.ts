// How long each text a person types may be: the server's schemas refuse more, and the web app's inputs stop there.
export const LIMITS = {
  /** A person's, school's or organization's name; a review's title; a participant's name. */
  name: 200,
  teamName: 120,
  email: 254,
  /** A person's job title, e.g. Principal. */
  personTitle: 200,
  city: 100,
  /** A participant's role in a review. */
  participantRole: 100,
  password: 200,
  /** A rating's note and a piece of evidence. */
  ratingNote: 5000,
  evidenceNote: 5000,
  /** Why a review, annual outcomes or plan is reopened or revised; why an outcome was chosen. */
  reason: 2000,
  /** A goal's, strategy's, action's or outcome's title. */
  planTitle: 300,
  actionOwner: 200,
  /** A check-in's evidence and notes, a comment, and what a team learned. */
  longText: 4000,
  search: 100,
} as const;
