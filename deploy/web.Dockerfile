# The BuildFarm web service for docker-compose.yml; build from the repository root:
#   docker build -f deploy/web.Dockerfile -t buildfarm/web .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: restoring from them alone lets code edits reuse the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/FarmProcess.props src/
COPY src/Shared/Shared.csproj src/Shared/
COPY src/Hosting/Hosting.csproj src/Hosting/
COPY src/Scheduler/Scheduler.csproj src/Scheduler/
COPY src/Agent/Agent.csproj src/Agent/
COPY src/Web/Web.csproj src/Web/
RUN dotnet restore src/Web/Web.csproj
COPY src/ src/
RUN dotnet publish src/Web/Web.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENTRYPOINT ["dotnet", "BuildFarm.Web.dll"]
