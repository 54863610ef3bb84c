using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using NCalc;

namespace Workbench.Lab.Tools.Builtin;

/// <summary>
/// <c>calculate {expression: string}</c>: evaluates arithmetic with NCalc (NCalcSync 7.4): numbers, <c>+ - * / %</c>,
/// <c>**</c> for powers, parentheses, unary minus, the constants <c>pi</c> and <c>e</c>, and the math functions in
/// <see cref="Functions"/>. Everything else NCalc knows (comparisons, logic, bitwise <c>^</c>, strings, dates,
/// <c>if</c>, parameters, factorial) is refused before evaluation by walking the parsed tree. Guards: at most
/// <see cref="MaxLength"/> characters, integer overflow is an error (NCalc's <c>OverflowProtection</c>), a result
/// that is not finite is an error, and evaluation runs under the loop's timeout.
/// </summary>
public sealed class CalculatorTool() : BuiltinTool(ToolName, "Evaluate an arithmetic expression, e.g. (2 + 3) * 4 or Sqrt(2) ** 2.", Schema)
{
    /// <summary>The function name.</summary>
    public const string ToolName = "calculate";

    /// <summary>The parameters' JSON schema.</summary>
    public const string Schema = """
        {"type":"object","properties":{"expression":{"type":"string","description":"An arithmetic expression, e.g. (2 + 3) * 4"}},"required":["expression"],"additionalProperties":false}
        """;

    /// <summary>The longest expression accepted, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>The functions allowed (NCalc's built-in math functions; names are case-sensitive, as NCalc's).</summary>
    public static readonly FrozenSet<string> Functions = new[]
    {
        "Abs", "Acos", "Asin", "Atan", "Atan2", "Ceiling", "Cos", "Exp", "Floor", "IEEERemainder", "Ln", "Log",
        "Log10", "Max", "Min", "Pow", "Round", "Sign", "Sin", "Sqrt", "Tan", "Truncate",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<BinaryExpressionType> Operators = new[]
    {
        BinaryExpressionType.Plus, BinaryExpressionType.Minus, BinaryExpressionType.Times, BinaryExpressionType.Div,
        BinaryExpressionType.Modulo, BinaryExpressionType.Exponentiation,
    }.ToFrozenSet();

    /// <inheritdoc/>
    protected override ValueTask<string> RunAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var text = (ReadString(arguments, "expression") ?? "").Trim();
        if (text.Length == 0) throw new ToolException("The expression is empty.");
        if (text.Length > MaxLength) throw new ToolException($"The expression has {text.Length} characters; at most {MaxLength} are accepted.");

        var expression = new Expression(text, CultureInfo.InvariantCulture) { Options = ExpressionOptions.OverflowProtection | ExpressionOptions.NoCache };
        LogicalExpression tree;
        try
        {
            tree = expression.GetLogicalExpression(cancellationToken) ?? throw new ToolException($"'{text}' is not a valid expression.");
        }
        catch (NCalc.Exceptions.NCalcException e)
        {
            throw new ToolException($"'{text}' is not a valid expression: {e.Message}");
        }
        Check(tree);
        expression.Parameters["pi"] = Math.PI;
        expression.Parameters["e"] = Math.E;

        object? value;
        try
        {
            value = expression.Evaluate(cancellationToken);
        }
        catch (Exception e) when (e is NCalc.Exceptions.NCalcException or OverflowException or ArgumentException or InvalidCastException or DivideByZeroException)
        {
            throw new ToolException($"'{text}' could not be evaluated: {e.Message}");
        }
        double number = value switch
        {
            IConvertible c when value is not string and not bool and not DateTime => c.ToDouble(CultureInfo.InvariantCulture),
            _ => throw new ToolException($"'{text}' is not a number."),
        };
        if (!double.IsFinite(number)) throw new ToolException($"'{text}' has no finite value (division by zero or out of range).");
        return ValueTask.FromResult(value is decimal or int or long or ulong or uint
            ? Convert.ToString(value, CultureInfo.InvariantCulture)!
            : number.ToString("R", CultureInfo.InvariantCulture));
    }

    private static void Check(LogicalExpression node)
    {
        switch (node)
        {
            case ValueExpression { Type: NCalc.ValueType.Integer or NCalc.ValueType.Float }:
                return;
            case ValueExpression v:
                throw new ToolException($"Only numbers are allowed, not {v.Type.ToString().ToLowerInvariant()} values.");
            case Identifier { Name: "pi" or "e" }:
                return;
            case Identifier id:
                throw new ToolException($"Unknown name '{id.Name}'; only the constants pi and e are defined.");
            case UnaryExpression { Type: UnaryExpressionType.Negate or UnaryExpressionType.Positive } u:
                Check(u.Expression);
                return;
            case BinaryExpression b when Operators.Contains(b.Type):
                Check(b.LeftExpression);
                Check(b.RightExpression);
                return;
            case BinaryExpression { Type: BinaryExpressionType.BitwiseXOr }:
                throw new ToolException("'^' is bitwise XOR in this calculator; write powers as '**' (2 ** 10).");
            case Function f when Functions.Contains(f.Identifier.Name):
                foreach (var argument in f.Parameters) Check(argument);
                return;
            case Function f:
                throw new ToolException($"The function '{f.Identifier.Name}' is not allowed. Allowed: {string.Join(", ", Functions.Order(StringComparer.Ordinal))}.");
            default:
                throw new ToolException("Only arithmetic is allowed: numbers, + - * / % **, parentheses and math functions.");
        }
    }
}
