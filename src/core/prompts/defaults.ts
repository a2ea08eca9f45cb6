// The saved prompts created the first time the prompts folder is used, in the UI's language. They
// are ordinary notes: the user edits or deletes them, and they are never written again.
export interface DefaultPrompt {
  file: string;
  text: string;
}

export function defaultPrompts(lang: 'fr' | 'en'): DefaultPrompt[] {
  return lang === 'fr'
    ? [
      { file: 'Résumer cette note.md', text: '---\nname: Résumer cette note\nscope: note\n---\nRésume la note {{note}} en cinq points au plus, en citant ses sections.\n' },
      { file: 'Ma semaine.md', text: '---\nname: Ma semaine\nscope:\n  period: les 7 derniers jours\n---\nQu’ai-je fait {{period}} ? Fais le bilan de ma semaine à partir de mes journaux, jour par jour.\n' },
      { file: 'Contradictions avec mon journal.md', text: '---\nname: Contradictions avec mon journal\n---\nQu’est-ce qui, dans mes journaux, contredit ou nuance la note {{note}} ? Cite les deux côtés.\n' },
      { file: 'Questions ouvertes.md', text: '---\nname: Questions ouvertes de cette note\nscope: note\n---\nQuelles questions la note {{note}} laisse-t-elle ouvertes ? Liste-les, avec la phrase qui les soulève.\n' },
    ]
    : [
      { file: 'Summarise this note.md', text: '---\nname: Summarise this note\nscope: note\n---\nSummarise the note {{note}} in at most five points, citing its sections.\n' },
      { file: 'My week in review.md', text: '---\nname: My week in review\nscope:\n  period: the last 7 days\n---\nWhat did I do {{period}}? Review my week from my journal entries, day by day.\n' },
      { file: 'Contradictions with my journal.md', text: '---\nname: Contradictions with my journal\n---\nWhat in my journal entries contradicts or qualifies the note {{note}}? Cite both sides.\n' },
      { file: 'Open questions.md', text: '---\nname: Open questions in this note\nscope: note\n---\nWhich questions does the note {{note}} leave open? List them, each with the sentence that raises it.\n' },
    ];
}
