// Like the board: the documents and the session live in the browser.
export const ssr = false;
