/** A form's submit handler: the browser's navigation is stopped and `work` runs instead (its promise is not awaited). */
export function onSubmit(work: () => unknown): (event: Event) => void {
  return (event) => {
    event.preventDefault();
    void work();
  };
}
