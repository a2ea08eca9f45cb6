// The line a follow-up's resolution is shown on, in the question's language (as in the panel).
export const UNDERSTOOD = { fr: 'Compris :', en: 'Understood:' } as const;
