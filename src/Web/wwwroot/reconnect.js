// Starts Blazor with a reconnection schedule for a farm whose Web is restarted (a deploy, a crash): the circuit that
// fed a page lives in the old process, so a page can only come back once the new one answers, and then it reloads
// (see Components/Layout/ReconnectModal.razor.js). Blazor's own schedule tries every 30 s after the first minute and
// gives up after about six; this one asks every 2 s for half an hour, so a page is back within seconds of Web, and a
// wall screen left open through a long outage is still asking when it ends.
(function () {
    const quickTries = 5;
    const quickMs = 500;
    const steadyMs = 2000;
    const maxRetries = 900;

    function retryIntervalMilliseconds(previousAttempts) {
        if (previousAttempts >= maxRetries) {
            return null;
        }
        return previousAttempts < quickTries ? quickMs : steadyMs;
    }

    Blazor.start({ circuit: { reconnectionOptions: { maxRetries, retryIntervalMilliseconds } } });
})();
