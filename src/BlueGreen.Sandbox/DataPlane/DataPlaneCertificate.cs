using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BlueGreen.Sandbox.DataPlane
{
    /// <summary>
    /// The self-signed certificate HTTPS listeners serve (SAN localhost and 127.0.0.1), made when the data plane
    /// starts: a PFX for the data plane and a PEM for clients to trust (<c>curl --cacert</c>), in a directory only this
    /// user can read, deleted when the sandbox stops.
    /// </summary>
    internal sealed class DataPlaneCertificate : IDisposable
    {
        private DataPlaneCertificate(string directory, string pfxPath, string password, string pemPath, X509Certificate2 certificate)
        {
            Directory = directory;
            PfxPath = pfxPath;
            Password = password;
            PemPath = pemPath;
            Certificate = certificate;
        }

        internal string Directory { get; }

        internal string PfxPath { get; }

        internal string Password { get; }

        internal string PemPath { get; }

        /// <summary>The public certificate (no private key).</summary>
        internal X509Certificate2 Certificate { get; }

        internal static DataPlaneCertificate Create()
        {
            string directory = Path.Combine(Path.GetTempPath(), "bluegreen-sandbox-" + Guid.NewGuid().ToString("N"));
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=BlueGreen sandbox data plane", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using X509Certificate2 withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
            string password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            string pfxPath = Path.Combine(directory, "dataplane.pfx");
            string pemPath = Path.Combine(directory, "dataplane.pem");
            File.WriteAllBytes(pfxPath, withKey.Export(X509ContentType.Pfx, password));
            File.WriteAllText(pemPath, withKey.ExportCertificatePem() + "\n");
#pragma warning disable SYSLIB0057 // the net8.0 target has no X509CertificateLoader
            var publicOnly = new X509Certificate2(withKey.RawData);
#pragma warning restore SYSLIB0057
            return new DataPlaneCertificate(directory, pfxPath, password, pemPath, publicOnly);
        }

        /// <summary>
        /// Deletes the PFX (the private key) once the data plane has loaded it: nothing else needs it, and a sandbox
        /// killed with its PowerShell (no Dispose) must not leave a key behind in the temp directory.
        /// </summary>
        internal void DeleteKeyFile()
        {
            try
            {
                File.Delete(PfxPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
