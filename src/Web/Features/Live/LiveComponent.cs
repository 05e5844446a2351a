using System.Security.Claims;
using BuildFarm.Data;
using BuildFarm.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace BuildFarm.Web.Features.Live;

/// <summary>
/// Base of the interactive widgets: loads on init (also when prerendered), and once interactive re-loads on every
/// change notice plus on a timer, because a notice lost between processes must never freeze a page.
/// </summary>
public abstract class LiveComponent : ComponentBase, IAsyncDisposable
{
    readonly CancellationTokenSource stop = new();
    bool loading;
    bool reloadPending;
    bool subscribed;

    [Inject] protected LiveUpdates Live { get; set; } = default!;
    [Inject] protected IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] ILogger<LiveComponent> Log { get; set; } = default!;
    [Inject] DatabaseOutage Outage { get; set; } = default!;

    /// <summary>Changes when the circuit's sign-in is re-checked and found gone (disabled, role changed): the widget
    /// then re-reads it, and its buttons follow.</summary>
    [CascadingParameter] Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Who is looking: handed to every service a button calls, which checks the role itself.</summary>
    protected ClaimsPrincipal User { get; private set; } = new();

    /// <summary>Whether to offer a button at all; the service it calls checks again.</summary>
    protected bool Can(string role) => FarmAccess.Allows(User, role);

    /// <summary>Why the widget cannot read now (the database is away); what it shows is what it last read.</summary>
    protected string? Unavailable { get; private set; }

    protected CancellationToken Stopping => stop.Token;

    /// <summary>Reads what the widget shows; called on the renderer's context.</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <summary>False once nothing shown can change any more (a finished build).</summary>
    protected virtual bool KeepPolling => true;

    protected virtual TimeSpan PollInterval => TimeSpan.FromSeconds(5);

    protected virtual bool IsInterestedIn(Guid buildId) => false;

    protected virtual bool IsInterestedInAgents => false;

    // Parameters change when enhanced navigation reuses the widget for another build or filter.
    protected override async Task OnParametersSetAsync()
    {
        User = AuthenticationState is null ? new ClaimsPrincipal() : (await AuthenticationState).User;
        // Prerendered, a failure goes to the error page, which says what is wrong (503 for a database that is away).
        if (!RendererInfo.IsInteractive)
        {
            await LoadAsync(stop.Token);
            return;
        }
        // A circuit that starts (or a navigation that lands) while the database is away would die of the exception:
        // the widget says so instead and reads again on the next tick.
        try
        {
            await LoadAsync(stop.Token);
            Unavailable = null;
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            Unavailable = Outage.Sentence(ex);
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive)
            return;
        Live.BuildChanged += OnBuildChanged;
        Live.AgentChanged += OnAgentChanged;
        subscribed = true;
        _ = PollAsync();
    }

    protected async Task<T> QueryAsync<T>(Func<FarmDbContext, Task<T>> query)
    {
        // A circuit lives for minutes: one short-lived DbContext per read keeps its change tracker empty and never
        // shares a context between overlapping renders.
        await using var scope = Scopes.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FarmDbContext>());
    }

    /// <summary>The sentence for an action that failed because the database is away; null for any other failure.</summary>
    protected string? OutageOf(Exception e) => DatabaseOutage.Is(e) ? Outage.Sentence(e) : e is FarmForbiddenException ? e.Message : null;

    protected async Task WithServicesAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Scopes.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>Re-reads and re-renders; notices arriving during a read fold into one more read.</summary>
    protected Task ReloadAsync() => InvokeAsync(async () =>
    {
        if (stop.IsCancellationRequested)
            return;
        if (loading)
        {
            reloadPending = true;
            return;
        }
        loading = true;
        try
        {
            do
            {
                reloadPending = false;
                await LoadAsync(stop.Token);
                Unavailable = null;
                StateHasChanged();
            } while (reloadPending && !stop.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (DatabaseOutage.Is(ex))
        {
            // Said on the page, not only in the log: the person looking must not take a frozen page for a quiet farm.
            Unavailable = Outage.Sentence(ex);
            StateHasChanged();
        }
        catch (Exception ex)
        {
            // Keep showing the last good state; the next notice or tick tries again.
            Log.LogWarning(ex, "Live page {Component} could not reload", GetType().Name);
        }
        finally
        {
            loading = false;
        }
    });

    void OnBuildChanged(Guid buildId)
    {
        if (IsInterestedIn(buildId))
            _ = ReloadAsync();
    }

    void OnAgentChanged(string agentId)
    {
        if (IsInterestedInAgents)
            _ = ReloadAsync();
    }

    async Task PollAsync()
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                if (KeepPolling || Unavailable is not null)
                    await ReloadAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        if (subscribed)
        {
            Live.BuildChanged -= OnBuildChanged;
            Live.AgentChanged -= OnAgentChanged;
        }
        stop.Cancel();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
