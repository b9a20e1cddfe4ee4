namespace BlueGreen.Configuration
{
    /// <summary>How manage.py reaches the Django container.</summary>
    public enum ManageMode
    {
        /// <summary>docker compose exec -T &lt;service&gt; ... in the running container.</summary>
        Exec,

        /// <summary>docker compose run --rm &lt;service&gt; ... in a new container (runs the entrypoint).</summary>
        Run,
    }
}
