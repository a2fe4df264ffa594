/** A runbook written in Markdown, rendered and sanitised: a rule's author must not script the wall. */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function Markdown({ text }: { text: string }) {
  const html = DOMPurify.sanitize(marked.parse(text, { async: false }));
  // Sanitised by DOMPurify on the line above.
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
