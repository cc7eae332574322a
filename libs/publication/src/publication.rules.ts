/** Pure rules of the read model: no I/O, no framework. */

/** RULE: a piece carrying a correction of kind `retraction` is retracted (teasers never point at it). */
export const isRetracted = (corrections: readonly { kind: string }[]): boolean => corrections.some((c) => c.kind === 'retraction');
