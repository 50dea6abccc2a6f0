/**
 * Loads a module of the server's build (`@keyholder/server/<path>` → server/dist/<path>.js). The
 * specifier is a runtime string so that type-checking this package never depends on server/dist
 * existing (or on modules that are still changing): callers declare the shape they use.
 */
export async function serverModule<T>(path: string): Promise<T> {
  const specifier: string = `@keyholder/server/${path}`;
  return (await import(specifier)) as T;
}
