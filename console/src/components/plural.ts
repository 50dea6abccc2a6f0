/** "keys" for "key", "group emails" for "group email"; nouns ending in s, x, sh or ch take "es". */
export function pluralNoun(noun: string): string {
  return /(s|x|sh|ch)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/** "1 key", "3 keys", "0 active members": a count and its noun, in the form the count needs. */
export function plural(n: number, noun: string, many: string = pluralNoun(noun)): string {
  return `${n.toLocaleString("en")} ${n === 1 ? noun : many}`;
}
