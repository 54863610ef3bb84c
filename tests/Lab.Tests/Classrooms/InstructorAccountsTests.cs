using Microsoft.Extensions.Options;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Classrooms;

/// <summary><see cref="InstructorAccounts"/> and its password hashing, on a real SQLite database.</summary>
public sealed class InstructorAccountsTests : IAsyncLifetime
{
    private ClassroomTestStore _db = null!;

    public async Task InitializeAsync() => _db = await ClassroomTestStore.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private InstructorAccounts Accounts(string password, string userName = "prof") =>
        new(_db.Store, Options.Create(new LabOptions
        {
            Mode = LabMode.Classroom,
            Instructor = new InstructorOptions { UserName = userName, DisplayName = "Prof. Hopper", Password = password },
        }), TimeProvider.System);

    [Fact]
    public async Task EnsureConfiguredInstructorAsync_NoAccountAndNoPassword_RefusesWithAMessageSayingWhatToSet()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Accounts("").EnsureConfiguredInstructorAsync(CancellationToken.None));

        Assert.Contains("Lab:Instructor:Password", e.Message);
        Assert.Contains("'prof' does not exist", e.Message);
        Assert.Null(await _db.Store.FindUserByNameAsync("prof", CancellationToken.None));
    }

    [Fact]
    public async Task EnsureConfiguredInstructorAsync_FirstRun_CreatesTheInstructorWithASaltedPbkdf2Hash()
    {
        var created = await Accounts("correct horse").EnsureConfiguredInstructorAsync(CancellationToken.None);

        var stored = await _db.Store.FindUserByNameAsync("PROF", CancellationToken.None);
        Assert.Equal(created.Id, stored?.Id);
        Assert.Equal(LabRoles.Instructor, stored!.Role);
        Assert.Equal("Prof. Hopper", stored.DisplayName);
        var parts = stored.PasswordHash!.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= 100_000);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.DoesNotContain("correct horse", stored.PasswordHash);
    }

    [Fact]
    public async Task EnsureConfiguredInstructorAsync_SecondRunWithoutPassword_KeepsTheExistingAccount()
    {
        var first = await Accounts("correct horse").EnsureConfiguredInstructorAsync(CancellationToken.None);

        var second = await Accounts("").EnsureConfiguredInstructorAsync(CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        Assert.NotNull(await Accounts("").VerifyAsync("prof", "correct horse", CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_RightPassword_ReturnsTheInstructor_WrongPasswordOrUnknownUser_ReturnsNull()
    {
        var accounts = Accounts("correct horse");
        var created = await accounts.EnsureConfiguredInstructorAsync(CancellationToken.None);

        Assert.Equal(created.Id, (await accounts.VerifyAsync(" Prof ", "correct horse", CancellationToken.None))?.Id);
        Assert.Null(await accounts.VerifyAsync("prof", "correct horsf", CancellationToken.None));
        Assert.Null(await accounts.VerifyAsync("prof", "", CancellationToken.None));
        Assert.Null(await accounts.VerifyAsync("nobody", "correct horse", CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_StudentAccount_ReturnsNull()
    {
        var classroom = await _db.AddClassAsync(await _db.AddInstructorAsync());
        var student = await _db.JoinAsync(classroom, "Ada");

        Assert.Null(await Accounts("correct horse").VerifyAsync(student.DisplayName, "", CancellationToken.None));
    }

    [Fact]
    public void Hash_SamePasswordTwice_GivesDifferentSaltsAndBothVerify()
    {
        var a = PasswordHasher.Hash("s3cret-pass");
        var b = PasswordHasher.Hash("s3cret-pass");

        Assert.NotEqual(a, b);
        Assert.True(PasswordHasher.Verify("s3cret-pass", a));
        Assert.True(PasswordHasher.Verify("s3cret-pass", b));
        Assert.False(PasswordHasher.Verify("s3cret-pasS", a));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pbkdf2-sha256$210000$bm90LWJhc2U2NA")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("md5$1$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$210000$%%%$AAAA")]
    public void Verify_MalformedOrWeakHash_ReturnsFalse(string stored) => Assert.False(PasswordHasher.Verify("anything", stored));

    [Fact]
    public void Verify_HashWithOneBitChanged_ReturnsFalse()
    {
        var parts = PasswordHasher.Hash("s3cret-pass").Split('$');
        var hash = Convert.FromBase64String(parts[3]);
        hash[^1] ^= 1;
        parts[3] = Convert.ToBase64String(hash);

        Assert.False(PasswordHasher.Verify("s3cret-pass", string.Join('$', parts)));
    }
}
