/** "Next page" for the API's cursor pages; the first page is always a click away. */
export function Pager({
  cursor,
  next,
  onPage,
}: {
  cursor: string | null;
  next: string | null;
  onPage: (cursor: string | null) => void;
}) {
  if (cursor === null && next === null) return null;
  return (
    <div class="pager">
      <button type="button" class="secondary" disabled={cursor === null} onClick={() => onPage(null)}>
        First page
      </button>
      <button type="button" class="secondary" disabled={next === null} onClick={() => onPage(next)}>
        Next page
      </button>
    </div>
  );
}
