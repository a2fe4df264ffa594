/** Server-Sent Events read off a fetch body: text in, whole events out (the format of the HTML standard). */

export interface ServerEvent {
  readonly event: string;
  readonly data: string;
}

/** Cuts a stream's text into events; text may arrive split anywhere, even inside a line. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  push(text: string): ServerEvent[] {
    this.buffer += text;
    const events: ServerEvent[] = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      // A lone CR at the end may be the first half of a CRLF still on its way.
      if (end === -1 || (end === this.buffer.length - 1 && this.buffer[end] === '\r')) break;
      const line = this.buffer.slice(0, end);
      const newlineLength = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      this.buffer = this.buffer.slice(end + newlineLength);
      const dispatched = this.line(line);
      if (dispatched !== null) events.push(dispatched);
    }
    return events;
  }

  private line(line: string): ServerEvent | null {
    if (line === '') {
      const dispatched =
        this.data.length === 0 ? null : { event: this.event || 'message', data: this.data.join('\n') };
      this.event = '';
      this.data = [];
      return dispatched;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const raw = colon === -1 ? '' : line.slice(colon + 1);
    const value = raw.startsWith(' ') ? raw.slice(1) : raw;
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}
