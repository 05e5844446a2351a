namespace BuildFarm.Hosting;

public sealed class BusOptions
{
    /// <summary>inmemory (one process hosts the whole farm) or rabbitmq.</summary>
    public string Transport { get; set; } = "inmemory";
    public RabbitMqOptions RabbitMq { get; set; } = new();

    public bool IsRabbitMq => string.Equals(Transport, "rabbitmq", StringComparison.OrdinalIgnoreCase);
}

public sealed class RabbitMqOptions
{
    public string Uri { get; set; } = "amqp://guest:guest@127.0.0.1:5672/";
}
