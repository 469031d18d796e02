using System.Reflection;
using Radio.Application.Common;
using Radio.Domain.Accounts;
using Radio.Infrastructure;

namespace Radio.UnitTests;

/// <summary>The "never" column of the layering table in STYLE.md.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(User).Assembly;
    private static readonly Assembly Application = typeof(ValidationBehavior<,>).Assembly;
    private static readonly Assembly Infrastructure = typeof(DependencyInjection).Assembly;

    private static IEnumerable<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!);

    [Fact]
    public void The_domain_references_only_the_BCL()
    {
        References(Domain).Should().OnlyContain(
            name => name == "System.Runtime" || name.StartsWith("System.", StringComparison.Ordinal) || name == "netstandard");
    }

    [Fact]
    public void The_application_references_no_framework_or_outer_layer()
    {
        References(Application).Should().NotContain(name =>
            name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
            || name == "Radio.Infrastructure"
            || name == "Radio.Web");
    }

    [Fact]
    public void The_infrastructure_references_no_mvc_or_web()
    {
        References(Infrastructure).Should().NotContain(name =>
            name.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal) || name == "Radio.Web");
    }
}
