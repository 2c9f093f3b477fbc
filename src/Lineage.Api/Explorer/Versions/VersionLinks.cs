namespace Lineage.Api.Explorer.Versions;

/// <summary>
/// An action on a version that another feature adds to the version page (audit, diff against a parent, fork):
/// register one with <c>services.AddSingleton(new ExplorerVersionLink(...))</c> beside that feature's endpoints.
/// The page shows exactly the links registered, so it never points at a page that does not exist.
/// </summary>
/// <param name="Label">The button's text, e.g. "Audit".</param>
/// <param name="Href">The link for a version id, e.g. <c>id =&gt; $"/explorer/versions/{id}/audit"</c>.</param>
/// <param name="Description">A tooltip saying what the action does.</param>
public sealed record ExplorerVersionLink(string Label, Func<string, string> Href, string Description);
