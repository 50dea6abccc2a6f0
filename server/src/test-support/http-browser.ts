/**
 * Just enough of a browser for redirect-based sign-in flows: a cookie jar per host (name and
 * value; paths and expiry ignored, deletions honoured) and redirects followed one by one, so a
 * test sees every hop. For a real browser, see test/browser.
 */
export class HttpBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** The cookies held for `url`'s host and port. */
  cookies(url: string): Map<string, string> {
    const host = new URL(url).host;
    let jar = this.jars.get(host);
    if (!jar) {
      jar = new Map();
      this.jars.set(host, jar);
    }
    return jar;
  }

  /** One request, cookies attached and stored; no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const jar = this.cookies(url);
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const response = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: "manual",
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && new Date(a.slice(8)).getTime() < Date.now()),
      );
      if (expired || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /**
   * Follows redirects from `url` until a response that is not one (returned with the URL it came
   * from) or a redirect to a URL `stopAt` accepts (returned unfollowed, with its target).
   */
  async follow(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stopAt: (target: URL) => boolean = () => false,
  ): Promise<{ url: string; response: Response; hops: string[] }> {
    const hops: string[] = [url];
    let current = url;
    let response = await this.request(current, init);
    for (let i = 0; i < 20 && response.status >= 300 && response.status < 400; i++) {
      const target = new URL(response.headers.get("location") ?? "", current);
      hops.push(target.href);
      if (stopAt(target)) return { url: target.href, response, hops };
      current = target.href;
      response = await this.request(current);
    }
    return { url: current, response, hops };
  }
}
