// A few promise helpers over the raw IndexedDB API, in place of the `idb` library: the core needs only these, and
// idb's proxy wrapper cost 3.4 KB minified and was the hottest function of the widget's start-up profile.
// Continuations of these promises run as microtasks of the request's success event, while its transaction is still
// active (https://w3c.github.io/IndexedDB/#transaction-lifecycle), so a caller may await one request and issue the
// next in the same transaction, as long as it awaits nothing else in between.

/** Resolves with a request's result, rejects with its error. */
export function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when a transaction commits; rejects when it fails or aborts. */
export function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () =>
      reject(transaction.error ?? new DOMException('AbortError', 'AbortError'));
  });
}
