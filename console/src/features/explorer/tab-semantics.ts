import { type RefObject, useEffect } from "react";

/**
 * GraphiQL marks each tab's `<li>` as the tab and puts its buttons inside it, which screen readers
 * and axe report as nested interactive controls. This moves the tab role (and its selection) onto
 * the tab's own button and leaves the `<li>` as layout, each time GraphiQL renders its tabs.
 */
export function useAccessibleTabs(container: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const fix = () => {
      for (const item of root.querySelectorAll<HTMLElement>('li[role="tab"], li[aria-selected]')) {
        const button = item.querySelector<HTMLElement>("button");
        if (!button) continue;
        const selected = item.getAttribute("aria-selected");
        item.setAttribute("role", "presentation");
        item.removeAttribute("aria-selected");
        button.setAttribute("role", "tab");
        if (selected !== null) button.setAttribute("aria-selected", selected);
      }
    };
    fix();
    const observer = new MutationObserver(fix);
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["role", "aria-selected"],
    });
    return () => observer.disconnect();
  }, [container]);
}
