// Drag-and-drop reordering of a list with pointer events (mouse, pen and touch alike), started from a
// handle in each item. The dragged item follows the pointer and swaps places with its neighbours as
// it crosses their middle; Escape or a cancelled pointer puts it back.

/**
 * @param list      the <ol>/<ul> whose children are the items
 * @param options   {handle: css selector of the drag handle inside an item,
 *                   canStart: () => boolean, onDrop: (fromIndex, toIndex) => void,
 *                   onCancel: () => void (put the list back as it was, e.g. by rendering it again)}
 * @returns a function that detaches the listeners
 */
export function enableDragReorder(list, {handle, canStart = () => true, onDrop, onCancel}) {
  let drag = null;

  function items() {
    return [...list.children].filter(el => !el.hidden);
  }

  function onPointerDown(e) {
    const grip = e.target.closest(handle);
    if (!grip || !list.contains(grip) || e.button !== 0 || !canStart()) return;
    const item = grip.closest('li');
    drag = {item, grip, pointerId: e.pointerId, startY: e.clientY, started: false, from: items().indexOf(item),
      offset: 0, lastY: e.clientY};
    grip.setPointerCapture(e.pointerId);
    e.preventDefault();
  }

  function start() {
    drag.started = true;
    drag.item.classList.add('dragging');
    drag.item.setAttribute('aria-grabbed', 'true');
    document.body.classList.add('reordering');
  }

  function onPointerMove(e) {
    if (!drag || e.pointerId !== drag.pointerId) return;
    if (!drag.started) {
      if (Math.abs(e.clientY - drag.startY) < 4) return;
      start();
    }
    const dy = e.clientY - drag.lastY;
    drag.lastY = e.clientY;
    drag.offset += dy;
    const all = items();
    let index = all.indexOf(drag.item);
    // Swap with the neighbour whose middle the pointer has crossed (repeat for fast moves).
    for (let guard = 0; guard < all.length; guard++) {
      const current = items();
      index = current.indexOf(drag.item);
      const prev = current[index - 1];
      const next = current[index + 1];
      if (prev && e.clientY < middle(prev)) {
        const before = drag.item.getBoundingClientRect().top;
        list.insertBefore(drag.item, prev);
        drag.offset -= drag.item.getBoundingClientRect().top - before;
      } else if (next && e.clientY > middle(next)) {
        const before = drag.item.getBoundingClientRect().top;
        list.insertBefore(drag.item, next.nextSibling);
        drag.offset -= drag.item.getBoundingClientRect().top - before;
      } else {
        break;
      }
    }
    drag.item.style.transform = `translateY(${drag.offset}px)`;
  }

  function middle(el) {
    const r = el.getBoundingClientRect();
    return r.top + r.height / 2;
  }

  function finish(cancel) {
    if (!drag) return;
    const {item, from, started, grip} = drag;
    drag = null;
    item.style.transform = '';
    item.classList.remove('dragging');
    item.removeAttribute('aria-grabbed');
    document.body.classList.remove('reordering');
    if (!started) return;
    const to = items().indexOf(item);
    if (cancel || to === from) {
      onCancel();
      return;
    }
    grip.focus();
    onDrop(from, to);
  }

  const onUp = (e) => { if (drag && e.pointerId === drag.pointerId) finish(false); };
  const onPointerCancel = (e) => { if (drag && e.pointerId === drag.pointerId) finish(true); };
  const onKey = (e) => { if (drag && e.key === 'Escape') { e.preventDefault(); finish(true); } };

  list.addEventListener('pointerdown', onPointerDown);
  list.addEventListener('pointermove', onPointerMove);
  list.addEventListener('pointerup', onUp);
  list.addEventListener('pointercancel', onPointerCancel);
  document.addEventListener('keydown', onKey, true);
  return () => {
    list.removeEventListener('pointerdown', onPointerDown);
    list.removeEventListener('pointermove', onPointerMove);
    list.removeEventListener('pointerup', onUp);
    list.removeEventListener('pointercancel', onPointerCancel);
    document.removeEventListener('keydown', onKey, true);
  };
}
