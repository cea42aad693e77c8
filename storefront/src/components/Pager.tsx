/** Previous and next for a paged list of the API (pages from 0). */
export function Pager(props: { page: number; totalPages: number; goTo: (page: number) => void; previous: string; next: string }) {
  if (props.totalPages <= 1) {
    return null;
  }
  return (
    <nav aria-label="Pages" class="pages">
      <button type="button" class="secondary" disabled={props.page <= 0} onClick={() => props.goTo(props.page - 1)}>
        {props.previous}
      </button>
      <span>
        Page {props.page + 1} of {props.totalPages}
      </span>
      <button
        type="button"
        class="secondary"
        disabled={props.page + 1 >= props.totalPages}
        onClick={() => props.goTo(props.page + 1)}
      >
        {props.next}
      </button>
    </nav>
  );
}
