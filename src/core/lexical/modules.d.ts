// The two analyser libraries ship no typings.
declare module 'snowball-stemmers' {
  const snowball: { newStemmer(lang: string): { stem(word: string): string }; algorithms(): string[] };
  export default snowball;
}
declare module 'stopwords-iso' {
  const stopwords: Record<string, string[]>;
  export default stopwords;
}
declare module 'stopword' {
  export const fra: string[];
  export const eng: string[];
}
