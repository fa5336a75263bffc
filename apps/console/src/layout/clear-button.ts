/**
 * A clear button as a keyboard stop with a name. On a list box Mantine leaves it out of the Tab
 * order and hides it from screen readers, and a searchable list box puts its text back when it
 * loses the focus, so without these props only a mouse could clear a choice (a unit's coordinating
 * body back to inherited, a wrong match in a letter read); on a file input it has no name at all.
 */
export function reachableClearButton(label: string) {
  return { tabIndex: 0, 'aria-hidden': false, 'aria-label': label } as const;
}
