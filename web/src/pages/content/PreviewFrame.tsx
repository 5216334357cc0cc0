import { useMemo, useRef } from 'react';

/**
 * An e-mail's HTML in a frame that runs no script (sandboxed, same origin so the page can style it).
 * The app's Content-Security-Policy, which a srcdoc frame inherits, refuses inline styles; e-mails are
 * styled inline. So the styles are moved out of the markup before it is shown (`style` attributes to
 * `data-style`, `<style>` elements removed) and applied through the CSSOM once the frame has loaded,
 * which the policy does not restrict.
 */
export function PreviewFrame({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const { markup, sheets } = useMemo(() => {
    // Text, not DOMParser: a parsed document would apply the policy to the styles it reads.
    const found: string[] = [];
    const stripped = html
      .replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_m, css: string) => {
        found.push(css);
        return '';
      })
      .replace(/(<[^>]*?\s)style\s*=\s*("[^"]*"|'[^']*')/gi, '$1data-style=$2');
    return { markup: stripped, sheets: found };
  }, [html]);

  function applyStyles() {
    const doc = frame.current?.contentDocument;
    const view = doc?.defaultView;
    if (!doc || !view) return;
    for (const el of doc.querySelectorAll<HTMLElement>('[data-style]'))
      el.style.cssText = el.dataset.style ?? '';
    const adopted: CSSStyleSheet[] = [];
    for (const text of sheets) {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(text);
      adopted.push(sheet);
    }
    doc.adoptedStyleSheets = adopted;
  }

  return (
    <iframe
      ref={frame}
      className="preview-frame"
      title="HTML preview"
      sandbox="allow-same-origin"
      srcDoc={markup}
      onLoad={applyStyles}
    />
  );
}
