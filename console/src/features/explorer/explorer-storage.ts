/**
 * GraphiQL keeps its tabs in localStorage. Prefixing its keys with the account keeps one person's
 * queries and variables from greeting the next one who signs in on the same browser.
 */
export function accountStorage(accountId: string, backing: Storage = window.localStorage): Storage {
  const prefix = `keyholder-explorer:${accountId}:`;
  const own = () => {
    const keys: string[] = [];
    for (let i = 0; i < backing.length; i++) {
      const key = backing.key(i);
      if (key?.startsWith(prefix)) keys.push(key.slice(prefix.length));
    }
    return keys;
  };
  return {
    get length() {
      return own().length;
    },
    key: (index) => own()[index] ?? null,
    getItem: (key) => backing.getItem(prefix + key),
    setItem: (key, value) => backing.setItem(prefix + key, value),
    removeItem: (key) => backing.removeItem(prefix + key),
    clear: () => {
      for (const key of own()) backing.removeItem(prefix + key);
    },
  };
}
