// sastrawijs ships typings that its package.json "exports" does not point at, so
// TypeScript under NodeNext cannot find them: the part of them src/search/rootwords.ts uses.
declare module 'sastrawijs' {
  export class Stemmer {
    constructor(dictionary?: string[]);
    internalDictionary: Record<string, string>;
    stem(word: string): string;
    find(word: string): boolean;
  }
}
