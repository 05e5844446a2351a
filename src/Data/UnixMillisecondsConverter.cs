using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BuildFarm.Data;

public class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.ToUnixTimeMilliseconds(),
    v => DateTimeOffset.FromUnixTimeMilliseconds(v));
