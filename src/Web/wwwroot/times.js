// Writes every <time data-relative> in the reader's own time zone: the text as "3 min ago" (or the local date for
// older times), the hover title as the full local date and time. Server renders and live re-renders write UTC text;
// a mutation observer rewrites them as they land, and a timer keeps "ago" current.
(() => {
    const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
    const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
    const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const units = [['second', 60], ['minute', 60], ['hour', 24], ['day', 7]];

    function describe(at, now) {
        let value = Math.round((at - now) / 1000);
        for (const [unit, size] of units) {
            if (Math.abs(value) < size) return relative.format(value, unit);
            value = Math.round(value / size);
        }
        return day.format(at);
    }

    function rewrite() {
        const now = Date.now();
        for (const time of document.querySelectorAll('time[data-relative]')) {
            const at = Date.parse(time.getAttribute('datetime'));
            if (Number.isNaN(at)) continue;
            const text = describe(at, now);
            const title = absolute.format(at);
            if (time.textContent !== text) time.textContent = text;
            if (time.title !== title) time.title = title;
        }
    }

    let queued = false;
    function soon() {
        if (queued) return;
        queued = true;
        requestAnimationFrame(() => { queued = false; rewrite(); });
    }

    new MutationObserver(soon).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    setInterval(rewrite, 15000);
    document.addEventListener('DOMContentLoaded', rewrite);
    rewrite();
})();
