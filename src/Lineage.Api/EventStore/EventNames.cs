namespace Lineage.Api.EventStore;

/// <summary>The type name Marten stores for an event class (its default naming, which the store keeps), for raw SQL.</summary>
internal static class EventNames
{
    public static string Of<T>() => Of(typeof(T));

    public static string Of(Type eventType) => JasperFx.Events.EventTypeExtensions.GetEventTypeName(eventType);
}
