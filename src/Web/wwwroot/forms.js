// A second click on Queue while the first post is on its way would post the form twice. The first submit marks the
// form busy and disables its button until the answer lands; a submit while busy is dropped. The server remembers
// each form's submission key as well, so a post that slips past (a resend, no script) still queues one build.
(() => {
    const busy = 'submitting';

    document.addEventListener('submit', event => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
        if (form.dataset[busy]) {
            event.preventDefault();
            event.stopImmediatePropagation();
            return;
        }
        form.dataset[busy] = '1';
        // After this event's handlers: the enhanced post reads the button as the submitter first.
        setTimeout(() => form.querySelectorAll('button[type=submit]').forEach(b => {
            b.disabled = true;
            b.setAttribute('aria-busy', 'true');
        }));
    }, true);

    function release() {
        document.querySelectorAll('form[data-submitting]').forEach(form => {
            delete form.dataset[busy];
            form.querySelectorAll('button[type=submit]').forEach(b => {
                b.disabled = false;
                b.removeAttribute('aria-busy');
            });
        });
    }

    window.addEventListener('pageshow', release);
    window.Blazor?.addEventListener?.('enhancedload', release);
})();
