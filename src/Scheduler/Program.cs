namespace BuildFarm.Scheduler;

public static class Program
{
    public static void Main(string[] args)
    {
    }
}
